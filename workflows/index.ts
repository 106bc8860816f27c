// The workflow bundle's entry point: every workflow the worker registers.
export { aftercareWorkflow } from './aftercare';
export { photoIntakeWorkflow } from './photo-intake';
export { touchUpWorkflow } from './touch-up';
