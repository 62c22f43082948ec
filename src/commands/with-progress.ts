// The progress bar of a survey being read, wired to the command's streams: drawn on
// `io.progressStream` only when it is a terminal and the file is large (src/cli/progress.ts
// decides), and always cleared before anything else is written.

import { basename } from 'node:path';
import { createProgress, type Progress } from '../cli/progress.js';
import type { Language } from '../core/codebook/codebook.js';
import type { SurveyReadOptions } from '../io/read-survey.js';
import type { CommandIo } from './analyze.js';

export function withProgress(io: CommandIo, survey: string, language: Language): { onProgress: SurveyReadOptions['onProgress']; finish: () => void } {
  const stream = io.progressStream;
  if (stream === undefined) return { onProgress: undefined, finish: () => {} };
  let progress: Progress | undefined;
  return {
    onProgress: (bytes, total) => {
      progress ??= createProgress({ stream, env: io.env, totalBytes: total, label: basename(survey), language });
      progress.update(bytes);
    },
    finish: () => progress?.finish(),
  };
}
