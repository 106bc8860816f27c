/**
 * Consent as the clinic records it, at enrolment or later: the wording the client agreed to
 * travels with the run (its input, or a `grantConsent` update), so its size is bounded once here.
 */

/** The longest consent wording kept: a paragraph of terms, well inside a workflow payload. */
export const CONSENT_TEXT_MAX = 2000;
