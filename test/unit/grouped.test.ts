/**
 * Statements shared by callers who ask at the same time (platform/database/grouped.ts): an idle
 * store runs a caller's item at once; items that arrive meanwhile share the next statement; a
 * failing group fails only its bad item.
 */
import { Grouped } from '../../platform/database/grouped';

function recorder(fail: (items: number[]) => boolean = () => false) {
  const statements: number[][] = [];
  const grouped = new Grouped<number, number>(async (items) => {
    statements.push(items);
    await new Promise((r) => setTimeout(r, 5));
    if (fail(items)) throw new Error(`refused ${items.join(',')}`);
    return items.map((i) => i * 10);
  }, 3);
  return { statements, grouped };
}

describe('Grouped', () => {
  it("runs a lone caller's item at once, alone", async () => {
    const { statements, grouped } = recorder();
    const answer = grouped.submit(1);
    expect(statements).toEqual([[1]]);
    expect(await answer).toBe(10);
  });

  it('groups what arrives while a statement runs, in order, at most maxItems at a time', async () => {
    const { statements, grouped } = recorder();
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => grouped.submit(i)));
    expect(answers).toEqual([10, 20, 30, 40, 50, 60]);
    expect(statements).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('fails only the caller whose item the store refuses', async () => {
    const { grouped } = recorder((items) => items.includes(3));
    const settled = await Promise.allSettled([1, 2, 3, 4].map((i) => grouped.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await grouped.submit(5)).toBe(50);
  });
});
