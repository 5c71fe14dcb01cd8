export type SetValueAction = 'added' | 'replaced' | 'unchanged';

export interface SetValueResult {
  text: string;
  action: SetValueAction;
}
