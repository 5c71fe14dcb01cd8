/**
 * `sophos-central scan [PATHS] [--staged] [--all] [--format text|json|sarif]`: the editor's secret rules over
 * a working tree or the git index, for pre-commit hooks and CI. Exit 1 on findings, 0 when clean, 2 on usage.
 * Needs no credential and makes no request.
 */
import { invalidInput } from '../../core/api';
import { scanFiles, ScanSourceError, stagedSource, workingTreeSource, type FileSource } from '../../core/scan';
import { stringOption, type CommandModule } from '../command';
import { ExitCode } from '../exit-codes';
import { formatJson, formatSarif, formatText, summaryLine } from '../scan-report';

const formats = ['text', 'json', 'sarif'] as const;
type Format = (typeof formats)[number];

export const scanCommands: CommandModule = {
  options: {
    staged: { type: 'boolean' },
    all: { type: 'boolean' },
    format: { type: 'string' },
  },
  plan(_name, { args, values }) {
    const format = (stringOption(values, 'format') ?? (values.json ? 'json' : 'text')) as Format;
    if (!formats.includes(format)) throw invalidInput(`--format must be one of ${formats.join(', ')}.`);
    const staged = values.staged === true;
    if (staged && values.all) throw invalidInput('--staged scans what git will commit; --all cannot widen it.');
    return {
      run: async ({ environment }) => {
        const cwd = environment.cwd ?? process.cwd();
        let source: FileSource;
        try {
          source = staged
            ? await stagedSource(cwd, args)
            : await workingTreeSource(cwd, args, { all: values.all === true });
        } catch (error) {
          if (error instanceof ScanSourceError) throw invalidInput(error.message);
          throw error;
        }
        const report = await scanFiles(source);
        for (const problem of report.allowFileProblems) environment.stderr(`warning: ${problem}\n`);
        if (format === 'json') environment.stdout(formatJson(report));
        else if (format === 'sarif') environment.stdout(formatSarif(report, environment.version));
        else environment.stdout(formatText(report));
        environment.stderr(summaryLine(report));
        return report.findings.length > 0 ? ExitCode.findings : ExitCode.ok;
      },
    };
  },
};
