// The HTML shell of every built page (Docusaurus's `ssrTemplate` option, an Eta template).
// This file runs in Node.js when the config is loaded.

/**
 * Loads the page's JavaScript once the server-rendered page has been painted.
 *
 * Docusaurus's own template puts the bundles in <head> as `defer` scripts: the browser fetches them
 * at once, in competition with the stylesheet and the text font, and on a fast connection it runs
 * them (and starts hydrating) before the first paint. Every page here is complete HTML with working
 * links, so the scripts are only needed for the interactive parts (search, tabs, theme toggle,
 * copy buttons): fetching them after the first paint puts the text on screen sooner on slow phones
 * and costs nothing on fast machines. The first paint is observed with a PerformanceObserver
 * (an animation frame where paint timing is missing); the scripts are inserted with `async = false`,
 * so they run in order. A page opened in a background tab is painted, and so made interactive,
 * when it is shown. As a safety net the scripts are added 3 s after the `load` event in any case.
 */
const LOADER_HEAD =
  '(function(u){var d;function l(){if(d)return;d=1;u.forEach(function(s){' +
  'var e=document.createElement("script");e.src=s;e.async=false;document.head.appendChild(e)})}' +
  'function a(){setTimeout(l,0)}var P=window.PerformanceObserver;' +
  'if(P&&P.supportedEntryTypes&&P.supportedEntryTypes.indexOf("paint")>=0)' +
  'new P(function(t,o){o.disconnect();a()}).observe({type:"paint",buffered:true});' +
  'else requestAnimationFrame(a);' +
  'addEventListener("load",function(){setTimeout(l,3000)})})(';

/**
 * Docusaurus 3's default SSG template (core/lib/ssg/ssgTemplate.html.js), with the `defer` script
 * tags replaced by the loader above. The Eta variables are the ones Docusaurus passes to its own template.
 */
export const SSR_TEMPLATE = `<!DOCTYPE html>
<html <%~ it.htmlAttributes %>>
  <head>
    <meta charset="UTF-8">
    <meta name="generator" content="Docusaurus v<%= it.version %>">
    <% it.metaAttributes.forEach((metaAttribute) => { %>
      <%~ metaAttribute %>
    <% }); %>
    <%~ it.headTags %>
    <% it.stylesheets.forEach((stylesheet) => { %>
      <link rel="stylesheet" href="<%= it.baseUrl %><%= stylesheet %>" />
    <% }); %>
    <script>${LOADER_HEAD}<%~ JSON.stringify(it.scripts.map((script) => it.baseUrl + script)).replace(/</g, '\\\\u003c') %>)</script>
  </head>
  <body <%~ it.bodyAttributes %>>
    <%~ it.preBodyTags %>
    <div id="__docusaurus"><%~ it.appHtml %></div>
    <%~ it.postBodyTags %>
  </body>
</html>
`;
