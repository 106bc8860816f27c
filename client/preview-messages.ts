// placeholder until care/messages lands
export function renderPreviewMessages(_: unknown): { message: unknown; text: string }[] { return []; }
