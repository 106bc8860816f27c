import { removeSharedWorkflowBundle } from '../../dev/workflow-bundle';

export default function globalTeardown(): void {
  removeSharedWorkflowBundle();
}
