/** `aftercare resume (<workflowId> | --clinic <id>)`: releases messages held by `pause`. */
import { holdCommand } from '../hold-command';

export const resume = holdCommand('resume');
