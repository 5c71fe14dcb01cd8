/**
 * Multi-step QuickInput with a Back button ("2/6" in the title bar), the pattern of VS Code's own samples:
 * each step returns a value, `back`, or undefined when the user dismissed the input.
 */
import * as vscode from 'vscode';

export const back = Symbol('back');
/** A step that does not apply (e.g. no expiration date for this type): passed over in either direction. */
export const skip = Symbol('skip');
export type StepResult<T> = T | typeof back | typeof skip | undefined;

interface Common {
  title: string;
  step: number;
  totalSteps: number;
}

export interface InputOptions extends Common {
  value?: string;
  prompt: string;
  placeholder?: string;
  password?: boolean;
  /** Returns a message while the value is not acceptable; runs as the user types. */
  validate?: (value: string) => string | undefined;
}

export function askText(options: InputOptions): Promise<StepResult<string>> {
  const input = vscode.window.createInputBox();
  input.value = options.value ?? '';
  input.prompt = options.prompt;
  input.placeholder = options.placeholder;
  input.password = options.password ?? false;
  const check = () => {
    input.validationMessage = options.validate?.(input.value);
  };
  if (input.value) check();
  input.onDidChangeValue(check);
  return runStep(input, options, () => {
    check();
    return input.validationMessage ? undefined : input.value;
  });
}

/**
 * Shows one step (Back button from step 2 on) and settles once: with what `accepted` returns on Enter (undefined
 * keeps the step open), `back`, or undefined when the user dismissed it.
 */
function runStep<T>(
  input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
  options: Common,
  accepted: () => T | undefined,
): Promise<StepResult<T>> {
  input.title = options.title;
  input.step = options.step;
  input.totalSteps = options.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: StepResult<T>) => {
      if (done) return;
      done = true;
      resolve(result);
      input.dispose();
    };
    input.onDidAccept(() => {
      const value = accepted();
      if (value !== undefined) finish(value);
    });
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(back);
    });
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}

export interface PickOptions<T extends vscode.QuickPickItem> extends Common {
  items: readonly T[];
  placeholder: string;
  active?: T;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

export function askPick<T extends vscode.QuickPickItem>(options: PickOptions<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.items = options.items;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  if (options.active) pick.activeItems = [options.active];
  return runStep(
    pick as vscode.QuickPick<vscode.QuickPickItem>,
    options,
    () => pick.selectedItems[0] ?? pick.activeItems[0],
  );
}

export interface PickManyOptions<T extends vscode.QuickPickItem> extends Common {
  items: readonly T[];
  placeholder: string;
  selected: readonly T[];
}

/** A multi-select step; accepting with nothing selected is refused (the user is told why). */
export function askPickMany<T extends vscode.QuickPickItem>(options: PickManyOptions<T>): Promise<StepResult<T[]>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.items = options.items;
  pick.canSelectMany = true;
  pick.selectedItems = options.selected;
  pick.placeholder = options.placeholder;
  return runStep(pick as vscode.QuickPick<vscode.QuickPickItem>, options, () => {
    if (pick.selectedItems.length > 0) return [...pick.selectedItems];
    pick.placeholder = vscode.l10n.t('Select at least one, then press Enter.');
    return undefined;
  });
}

/**
 * Runs steps in order; `back` returns to the previous one with its answer kept. Resolves true when every step
 * was answered, false when the user dismissed one.
 */
export async function runSteps(steps: (() => Promise<StepResult<unknown>>)[]): Promise<boolean> {
  let index = 0;
  let direction = 1;
  while (index < steps.length) {
    const result = await steps[index]!();
    if (result === undefined) return false;
    if (result !== skip) direction = result === back ? -1 : 1;
    index = Math.max(0, index + direction);
  }
  return true;
}
