// A small Docusaurus config: marks the site root for the commands in scripts/, names the extra Prism languages.
export default {
  title: "Fixture",
  url: "https://example.com",
  baseUrl: "/docs/",
  staticDirectories: ["static"],
  markdown: { mermaid: true },
  presets: [["classic", { docs: { routeBasePath: "/", lastVersion: "current", versions: { current: { label: "2.0.0", path: "" } } }, blog: false }]],
  themeConfig: { prism: { additionalLanguages: ["csharp", "bash", "toml"] } },
};
