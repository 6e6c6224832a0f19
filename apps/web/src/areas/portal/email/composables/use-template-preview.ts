import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import { api, type Schemas, unwrap } from '../../../../shared/api/client';

export type TemplateDraft = {
  subject: string;
  html: string;
  text: string;
  variables: Schemas['EmailTemplate']['variables'];
  values: Record<string, unknown>;
};
export type RenderedDraft = Schemas['RenderedEmailDraft'];

/**
 * Live preview: the server renders the unsaved draft with the sample values (the same Liquid engine
 * and escaping a send uses), `delayMs` after the last change. Answers that arrive late are dropped.
 */
export function useTemplatePreview(
  draft: () => TemplateDraft | undefined,
  options: { delayMs?: number } = {},
) {
  const rendered = shallowRef<RenderedDraft>();
  const error = shallowRef<unknown>();
  const pending = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;

  async function render() {
    const current = draft();
    if (!current || current.subject.trim() === '' || (current.html === '' && current.text === '')) return;
    const request = ++latest;
    pending.value = true;
    try {
      const result = await unwrap(
        api.POST('/v1/email/templates/preview', {
          body: {
            subject: current.subject,
            html: current.html || null,
            text: current.text || null,
            variables: current.variables,
            values: current.values,
          },
        }),
      );
      if (request === latest) {
        rendered.value = result;
        error.value = undefined;
      }
    } catch (e) {
      if (request === latest) error.value = e;
    } finally {
      if (request === latest) pending.value = false;
    }
  }

  watch(
    draft,
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => void render(), options.delayMs ?? 300);
    },
    { deep: true, immediate: true },
  );
  onScopeDispose(() => clearTimeout(timer));
  return { rendered, error, pending, render };
}
