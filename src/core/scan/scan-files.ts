/**
 * A scan of many files: reads them a few at a time from a FileSource, skips binary files, and runs each text
 * through the same rules as an open document (scan-text.ts). Findings name the file and place, never a value.
 */
import { parseAllowFile, AllowList } from './allow-list';
import type { FileSource, SkipReason } from './file-sources';
import { scanText, type Finding } from './scan-text';
import type { SecretHashes } from './stored-secrets';

export interface FileFinding<T = unknown> extends Finding<T> {
  /** Relative to the source's root, with forward slashes. */
  path: string;
}

export interface ScanReport<T = unknown> {
  root: string;
  findings: FileFinding<T>[];
  filesScanned: number;
  bytesScanned: number;
  skipped: Record<SkipReason | 'binary', number>;
  /** Findings silenced by an inline marker or the allow file. */
  allowed: number;
  /** Lines of the allow file that were not understood. */
  allowFileProblems: string[];
  cancelled: boolean;
}

export interface ScanFilesOptions<T> {
  hashes?: SecretHashes<T>;
  /** Files read at once. */
  concurrency?: number;
  isCancelled?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Git's own test: a NUL byte in the first 8,000 bytes makes a file binary. */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

export async function scanFiles<T>(source: FileSource, options: ScanFilesOptions<T> = {}): Promise<ScanReport<T>> {
  const allowText = await source.allowFile();
  const { list: allowList, problems } =
    allowText === undefined ? { list: new AllowList(), problems: [] } : parseAllowFile(allowText);
  const report: ScanReport<T> = {
    root: source.root,
    findings: [],
    filesScanned: 0,
    bytesScanned: 0,
    skipped: { tooLarge: 0, notRegular: 0, unreadable: 0, binary: 0 },
    allowed: 0,
    allowFileProblems: problems,
    cancelled: false,
  };
  const perFile: FileFinding<T>[][] = new Array(source.paths.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < source.paths.length) {
      if (options.isCancelled?.()) {
        report.cancelled = true;
        return;
      }
      const index = next++;
      const path = source.paths[index];
      const bytes = await source.read(path);
      if (typeof bytes === 'string') report.skipped[bytes]++;
      else if (isBinary(bytes)) report.skipped.binary++;
      else {
        const scan = scanText(bytes.toString('utf8'), { path, hashes: options.hashes, allowList });
        report.filesScanned++;
        report.bytesScanned += bytes.length;
        report.allowed += scan.allowed;
        perFile[index] = scan.findings.map((finding) => ({ ...finding, path }));
      }
      options.onProgress?.(++done, source.paths.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  // In the order of the paths, whatever order the reads finished in.
  report.findings = perFile.flatMap((findings) => findings ?? []);
  return report;
}
