/** One thing wrong with an input: the field's path (`client.phone`) and why, in words. */
export interface FieldIssue {
  path: string;
  message: string;
}

export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
