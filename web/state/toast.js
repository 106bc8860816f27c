/** A short note at the bottom of the page ("Booking recorded..."). */
import { createStore } from './store.js';

export const toastMessage = createStore({ text: '', at: 0 });

export function toast(text) {
  toastMessage.set({ text, at: Date.now() });
}
