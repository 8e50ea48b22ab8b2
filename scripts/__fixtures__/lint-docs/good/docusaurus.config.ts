// Marks the site root for the commands in scripts/ and names the extra Prism languages.
export default {
  staticDirectories: ["static"],
  markdown: { mermaid: true },
  themeConfig: { prism: { additionalLanguages: ["csharp", "bash", "toml"] } },
};
