import { describe, expect, it } from 'vitest';
import { addTranslation, LANGUAGES, strings } from '../../src/ui/i18n';

describe('strings', () => {
  it('are English for a language whose translation is not in yet, and that language once it is', async () => {
    expect(strings('nl').send).toBe('Send');
    const { default: dutch } = await import('../../src/ui/lang/nl');
    addTranslation('nl', dutch);
    // The launcher's own rows come from the loader's table, in the same language.
    expect(strings('nl')).toMatchObject({ send: 'Versturen', openChat: 'Chat openen', closeChat: 'Chat sluiten' });
    expect(strings('de').send).toBe('Send');
  });

  it('of every language fill every row with a text', async () => {
    for (const lang of LANGUAGES.slice(1)) {
      const { default: translation } = await import(`../../src/ui/lang/${lang}.ts`);
      addTranslation(lang, translation);
      const texts = Object.entries(strings(lang));
      expect(texts.map(([key]) => key).sort()).toEqual(Object.keys(strings('en')).sort());
      expect(texts.filter(([, text]) => typeof text !== 'string' || !text.trim())).toEqual([]);
    }
  });
});
