export { clientLanguage, DEFAULT_LANGUAGE, LANGUAGE_HINT, LANGUAGE_NAMES, LANGUAGES, languageOf, type Language } from './languages';
export { translate, translator, type Catalog, type MessageValues } from './translate';
