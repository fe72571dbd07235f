/** The Elasticsearch index of the documents: analyzers for English and French, one subfield each. */

export const ANALYSIS = {
  filter: {
    english_stop: { type: 'stop', stopwords: '_english_' },
    english_stemmer: { type: 'stemmer', language: 'english' },
    english_possessive_stemmer: { type: 'stemmer', language: 'possessive_english' },
    french_elision: {
      type: 'elision',
      articles_case: true,
      articles: ['l', 'm', 't', 'qu', 'n', 's', 'j', 'd', 'c', 'jusqu', 'quoiqu', 'lorsqu', 'puisqu'],
    },
    french_stop: { type: 'stop', stopwords: '_french_' },
    french_stemmer: { type: 'stemmer', language: 'light_french' },
  },
  analyzer: {
    doctorpy_english: {
      type: 'custom',
      tokenizer: 'standard',
      filter: ['english_possessive_stemmer', 'lowercase', 'english_stop', 'english_stemmer'],
    },
    doctorpy_french: {
      type: 'custom',
      tokenizer: 'standard',
      filter: ['french_elision', 'lowercase', 'asciifolding', 'french_stop', 'french_stemmer'],
    },
  },
};

const text = {
  type: 'text',
  fields: {
    en: { type: 'text', analyzer: 'doctorpy_english' },
    fr: { type: 'text', analyzer: 'doctorpy_french' },
  },
};

export const MAPPINGS = {
  dynamic: 'strict',
  properties: {
    id: { type: 'keyword' },
    type: { type: 'keyword' },
    entityId: { type: 'keyword' },
    /** type:entityId: hits collapse on it, so an entity found in two languages counts once. */
    entityKey: { type: 'keyword' },
    language: { type: 'keyword' },
    title: { ...text, fields: { ...text.fields, suggest: { type: 'search_as_you_type' } } },
    body: text,
    courseId: { type: 'keyword' },
    ownerId: { type: 'keyword' },
    visibility: { type: 'keyword' },
    level: { type: 'keyword' },
    tags: { type: 'keyword' },
  },
};

export const INDEX_SETTINGS = { number_of_shards: 1, analysis: ANALYSIS };
