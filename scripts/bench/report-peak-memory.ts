// Loaded with `node --import` by the benchmarks: when the process exits it prints its peak memory
// (resourceUsage().maxRSS, kB) and the CPU time of all its threads (µs), for the parent to read.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`peak-rss-kb=${usage.maxRSS} cpu-us=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
