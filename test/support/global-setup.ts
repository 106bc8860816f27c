/** Before the first suite of a run that has workflow or end-to-end suites: the run's one workflow bundle (dev/workflow-bundle.ts). */
import { writeSharedWorkflowBundle } from '../../dev/workflow-bundle';

export default async function globalSetup(): Promise<void> {
  await writeSharedWorkflowBundle();
}
