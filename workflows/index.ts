// The workflow bundle's entry point: every workflow the worker registers.
export { aftercareWorkflow } from './aftercare';
export { touchUpWorkflow } from './touch-up';
