import { UsageError } from './site-root';

/** Exit codes shared by every command in scripts/. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/**
 * Runs a command's `main(argv)` as the process entry point: usage errors print the
 * message and the usage text and exit 2; any other error prints its message and exits 1.
 */
export function runMain(main: (argv: string[]) => Promise<number> | number, usage: string): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
          process.stderr.write(`error: ${(error as Error).message}\n\n${usage}\n`);
          process.exitCode = EXIT_USAGE;
        } else {
          process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = EXIT_PROBLEMS;
        }
      },
    );
}
