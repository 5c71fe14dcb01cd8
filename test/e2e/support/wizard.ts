/** The Add Credential wizard, typed like a user: shared by the e2e tests that need a stored credential. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { allowSandboxHostIfAsked, pickQuickInputItem, quickInputState, runCommand, typeIntoQuickInput } from './ui';

export interface WizardInput {
  name: string;
  description?: string;
  role?: string;
  clientId: string;
  secret: string;
}

/** Types each step of "Sophos Central: Add Credential" like a user, checking the step counter as it goes. */
export async function addThroughWizard(
  page: Page,
  input: WizardInput,
  pause?: (step: number) => Promise<void>,
): Promise<void> {
  await runCommand(page, 'Sophos Central: Add Credential');
  const steps: (() => Promise<void>)[] = [
    () => typeIntoQuickInput(page, input.name),
    () => typeIntoQuickInput(page, input.description ?? ''),
    () => (input.role ? pickQuickInputItem(page, input.role) : page.keyboard.press('Enter')),
    () => typeIntoQuickInput(page, input.clientId),
    () => typeIntoQuickInput(page, input.secret),
    () => page.keyboard.press('Enter'), // the creation date defaults to today
    () => page.keyboard.press('Enter'), // the expiry defaults to 36 months later
  ];
  for (const [index, step] of steps.entries()) {
    const state = await waitForStep(page, index + 1);
    assert.match(state.title, /Add Sophos Central API Credential/);
    await pause?.(index + 1);
    await step();
  }
  // Only the first sign-in of this VS Code asks, since the sandbox is not a Sophos host.
  if (!sandboxHostAllowed.has(page) && (await allowSandboxHostIfAsked(page)) > 0) sandboxHostAllowed.add(page);
}
const sandboxHostAllowed = new WeakSet<Page>();

async function waitForStep(page: Page, step: number) {
  // VS Code shows the step in the title bar: "Add Sophos Central API Credential (2/7)".
  await page
    .locator('.quick-input-widget .quick-input-title', { hasText: `(${step}/7)` })
    .first()
    .waitFor({ state: 'visible' });
  return quickInputState(page);
}
