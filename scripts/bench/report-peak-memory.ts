// Loaded with `node --import` by the benchmarks: prints the process's peak memory when it exits,
// so a parent process can read it (Node's resourceUsage().maxRSS is in kilobytes).
process.on('exit', () => {
  process.stderr.write(`peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
