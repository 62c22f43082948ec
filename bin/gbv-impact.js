#!/usr/bin/env node
// Tiny launcher: everything, including exit codes, lives in the built CLI.
import { main } from '../dist/cli/main.js';

main(process.argv);
