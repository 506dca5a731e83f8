import 'reflect-metadata';
import { FEATURES } from '../app.features.js';
import { runCli } from './cli.js';
import { progressBar } from './progress-bar.js';

// `npm run cli -- projections rebuild <name>`: see USAGE in cli.ts.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: () => progressBar(),
  projections: FEATURES.projections,
});
process.exitCode = code;
