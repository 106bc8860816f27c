/**
 * Lints snippets of code as if they were files of the tree, with the project's own ESLint config,
 * through ESLint's Node API. Run as its own process (jest's module sandbox cannot load the ESM
 * config): reads `[{ filePath, code }]` as JSON on stdin, writes `[[{ ruleId, message }]]` on stdout.
 */
import { ESLint } from 'eslint';

export interface Snippet {
  /** An absolute path inside the repository; the file need not hold `code`. */
  filePath: string;
  code: string;
}

export interface LintMessage {
  ruleId: string | null;
  message: string;
}

async function lintAll(cwd: string, snippets: Snippet[]): Promise<LintMessage[][]> {
  const eslint = new ESLint({ cwd });
  const out: LintMessage[][] = [];
  for (const { filePath, code } of snippets) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push((result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message })));
  }
  return out;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const results = await lintAll(process.cwd(), JSON.parse(input) as Snippet[]);
  process.stdout.write(JSON.stringify(results));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
