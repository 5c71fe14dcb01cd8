/**
 * Scan Workspace for Sophos Secrets: every workspace folder through the same rules as open files (core/scan),
 * what git would carry when the folder is a repository (git only in a trusted workspace), under a cancellable
 * progress. Findings go to the Problems view as the open files' warnings do, with the same quick fixes once a
 * file is opened. Open documents keep their live results (their text may differ from the disk).
 */
import * as vscode from 'vscode';
import { scanFiles, workingTreeSource, type ScanReport } from '../../core/scan';
import type { StoredSecretInfo } from '../../core/credentials';
import { showInformationMessage } from '../notifications';
import type { SecretDiagnostics } from './secret-diagnostics';

export interface WorkspaceScanResult {
  findings: number;
  files: number;
  filesScanned: number;
  cancelled: boolean;
}

export async function scanWorkspace(diagnostics: SecretDiagnostics, quiet: boolean): Promise<WorkspaceScanResult> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const result: WorkspaceScanResult = { findings: 0, files: 0, filesScanned: 0, cancelled: false };
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Scanning for Sophos secrets'),
      cancellable: true,
    },
    async (progress, cancellation) => {
      for (const folder of folders) {
        if (folder.uri.scheme !== 'file') continue;
        const source = await workingTreeSource(folder.uri.fsPath, [], { useGit: vscode.workspace.isTrusted });
        let reported = 0;
        const report: ScanReport<StoredSecretInfo> = await scanFiles(source, {
          hashes: diagnostics.storedHashes,
          isCancelled: () => cancellation.isCancellationRequested,
          onProgress: (done, total) => {
            const percent = Math.floor((done / Math.max(total, 1)) * 100);
            if (percent > reported)
              progress.report({ increment: (percent - reported) / folders.length, message: folder.name });
            reported = percent;
          },
        });
        result.cancelled ||= report.cancelled;
        result.filesScanned += report.filesScanned;
        const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
        const byPath = new Map<string, typeof report.findings>();
        for (const finding of report.findings) byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
        for (const [path, findings] of byPath) {
          const uri = vscode.Uri.joinPath(vscode.Uri.file(source.root), ...path.split('/'));
          result.findings += findings.length;
          result.files++;
          if (open.has(uri.toString())) continue;
          diagnostics.setFindings(
            uri,
            findings.map((finding) => ({
              ...finding,
              range: new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1),
            })),
          );
        }
        if (result.cancelled) break;
      }
    },
  );
  if (!quiet) {
    if (result.findings > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void showInformationMessage(
      result.findings === 0
        ? vscode.l10n.t('No Sophos secrets found in {0} files.', result.filesScanned)
        : vscode.l10n.t('{0} Sophos secrets in {1} files: see the Problems view.', result.findings, result.files),
    );
  }
  return result;
}
