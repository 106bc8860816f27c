/** The routes' parse is the app operations' own (app/parse.ts): one place turns zod's failure into a 400. */
export { parseWith } from '../../app/parse';
