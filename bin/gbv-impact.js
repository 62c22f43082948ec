#!/usr/bin/env node
// Tiny launcher: everything, including exit codes, lives in the built CLI.
import { setFlagsFromString } from 'node:v8';

// V8 starts optimising a function once it has run ~66 KB of bytecode. A run on a survey of a few
// thousand rows is over before most such optimisations pay back, and on two cores compiling them
// competes with the run itself: a 15× larger budget took the 1,816-row sample from 0.50 s to
// 0.39 s, while the loops over a million rows, which run far longer, are still optimised
// (npm run bench; docs/performance.md). Set before the program's own code is loaded.
setFlagsFromString('--interrupt-budget=1000000');

const { main } = await import('../dist/cli/main.js');
main(process.argv);
