/** After the last suite: the run's workflow bundle file goes (dev/workflow-bundle.ts). */
import { removeSharedWorkflowBundle } from '../../dev/workflow-bundle';

export default function globalTeardown(): void {
  removeSharedWorkflowBundle();
}
