// The report formats of `analyze`, in their own tiny module so the command-line parser can list
// them without loading the analysis code (start-up stays lazy).

export const FORMATS = ['terminal', 'md', 'html', 'json', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];
