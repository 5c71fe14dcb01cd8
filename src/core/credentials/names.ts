/** The name rule both kinds of credential share: they are listed in one tree. */
export const maxNameLength = 100;

/** Why a name cannot be used; the editor words it in the user's language. */
export type NameProblem = { kind: 'empty' } | { kind: 'tooLong'; max: number } | { kind: 'taken'; by: string };

/** The name rule's refusal in words, for command calls and the CLI; the editor's prompts localize it. */
export function describeNameProblem(problem: NameProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'Enter a name.';
    case 'tooLong':
      return `A name has at most ${problem.max} characters.`;
    case 'taken':
      return `A credential named "${problem.by}" already exists. Choose another name.`;
  }
}
