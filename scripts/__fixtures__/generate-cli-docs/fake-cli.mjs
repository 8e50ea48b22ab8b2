#!/usr/bin/env node
// A stand-in for `spacetime` built with the markdown-docs feature, for generate-cli-docs tests.
// usage: node fake-cli.mjs <mode> [file]
//   print <file>   print the file on stdout (a little progress noise on stderr), exit 0
//   crlf <file>    the same with CRLF line endings, as a Windows build would print it
//   fail           print an error on stderr and exit 3
//   empty          print nothing and exit 0
//   cargo          behave like `cargo run --features markdown-docs -p spacetimedb-cli`: check the
//                  arguments, then print $FAKE_HELP_FILE
import fs from 'node:fs';

const [mode, file] = process.argv.slice(2);
if (mode === 'print' || mode === 'crlf') {
  process.stderr.write('   Compiling quill v0.1.0\n');
  const text = fs.readFileSync(file, 'utf8');
  process.stdout.write(mode === 'crlf' ? text.replace(/\n/g, '\r\n') : text);
} else if (mode === 'fail') {
  process.stderr.write('warning: unused import\nerror[E0425]: cannot find value `markdown` in this scope\n');
  process.exit(3);
} else if (mode === 'empty') {
  process.exit(0);
} else if (mode === 'cargo') {
  const expected = 'run --features markdown-docs -p spacetimedb-cli';
  const got = process.argv.slice(3).join(' ');
  if (got !== expected) {
    process.stderr.write(`fake cargo: expected "${expected}", got "${got}"\n`);
    process.exit(101);
  }
  process.stderr.write('    Finished `dev` profile\n     Running `target/debug/spacetimedb-cli`\n');
  process.stdout.write(fs.readFileSync(process.env.FAKE_HELP_FILE, 'utf8'));
} else {
  process.stderr.write(`fake-cli: unknown mode ${mode}\n`);
  process.exit(2);
}
