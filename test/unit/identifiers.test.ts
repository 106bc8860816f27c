/**
 * Workflow IDs (domain/identifiers.ts): the clinic id and the client reference stay apart, so two
 * clinics' clients never share an ID; IDs of the first scheme are still recognised, and a run finds
 * its sibling sessions in its own scheme.
 */
import { isWorkflowId, legacyWorkflowIdFor, sessionNumberOf, siblingWorkflowId, workflowIdFor } from '../../domain/identifiers';

describe('workflow IDs', () => {
  it('gives clinic north + client side-C1 and clinic north-side + client C1 two IDs (the first scheme gave one)', () => {
    expect(workflowIdFor('north', 'side-C1', 1)).toBe('aftercare-north~side-C1-s1');
    expect(workflowIdFor('north-side', 'C1', 1)).toBe('aftercare-north-side~C1-s1');
    expect(legacyWorkflowIdFor('north', 'side-C1', 1)).toBe(legacyWorkflowIdFor('north-side', 'C1', 1));
  });

  it('never gives an ID of the first scheme to a new enrolment, whatever the parts', () => {
    const clinics = ['north', 'north-side', 'a-b-c', '1'];
    const refs = ['C1', 'side-C1', 'x.y_z', 'side--C1', 'A'];
    const current = new Set(clinics.flatMap((c) => refs.map((r) => workflowIdFor(c, r, 2))));
    const legacy = new Set(clinics.flatMap((c) => refs.map((r) => legacyWorkflowIdFor(c, r, 2))));
    expect(current.size).toBe(clinics.length * refs.length);
    expect([...current].filter((id) => legacy.has(id))).toEqual([]);
  });

  it('recognises IDs of both schemes, and nothing else', () => {
    for (const id of ['aftercare-north~side-C1-s1', 'aftercare-north-side-C1-s1', 'aftercare-northside~C1042-s20', 'aftercare-northside-C1042-s3']) {
      expect(isWorkflowId(id)).toBe(true);
    }
    for (const id of ['aftercare-north~side~C1-s1', 'aftercare-North~C1-s1', 'aftercare-north~-C1-s1', 'aftercare-~C1-s1', 'aftercare-north~C1-s0', 'aftercare-north~C1', 'north~C1-s1', 'superseded']) {
      expect(isWorkflowId(id)).toBe(false);
    }
    expect(sessionNumberOf('aftercare-north-side~C1-s12')).toBe(12);
    expect(sessionNumberOf('aftercare-north-side-C1-s3')).toBe(3);
  });

  it("names a sibling session in the run's own scheme, and nothing for an ID of neither scheme", () => {
    expect(siblingWorkflowId('aftercare-north-side~C1-s2', 1)).toBe('aftercare-north-side~C1-s1');
    expect(siblingWorkflowId('aftercare-north-side-C1-s2', 3)).toBe('aftercare-north-side-C1-s3');
    expect(siblingWorkflowId('superseded', 1)).toBeUndefined();
  });
});
