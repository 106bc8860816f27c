/** The fault tests' pause; every wait they make is bounded by its caller. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
