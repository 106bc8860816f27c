/** `aftercare pause (<workflowId> | --clinic <id>)`: holds messages until `resume`. */
import { holdCommand } from '../hold-command';

export const pause = holdCommand('pause');
