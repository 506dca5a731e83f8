import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { messageOf } from '../api/api-error';
import { fieldErrors } from './field';

export interface SchemaForm<Values> {
  /** The first problem with each field, by field name. */
  errors: Partial<Record<string, string>>;
  /** What went wrong on the server, said for a person. */
  formError: string | null;
  pending: boolean;
  /** Validates `values` with the shared schema, then runs the action once (a second submit while pending is ignored). */
  submit(values: Values): Promise<void>;
}

/**
 * Every form does the same thing: check the input with the same zod schema the
 * server uses, show each field's problem beside it, send it once, and show the
 * server's message if it refuses.
 */
export function useSchemaForm<Schema extends z.ZodType>(
  schema: Schema,
  action: (data: z.infer<Schema>) => Promise<void>,
): SchemaForm<z.input<Schema>> {
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The shared schemas word their messages in English; the `validation` catalogue is keyed
  // by those very sentences, so a message not catalogued yet still shows, in English.
  const { t } = useTranslation('validation');
  const say = (message: string) =>
    t(message, { keySeparator: false, nsSeparator: false, defaultValue: message });

  async function submit(values: z.input<Schema>): Promise<void> {
    if (pending) return;
    setFormError(null);
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const found = fieldErrors(parsed.error.issues);
      setErrors(
        Object.fromEntries(
          Object.entries(found).map(([field, message]) => [field, message && say(message)]),
        ),
      );
      return;
    }
    setErrors({});
    setPending(true);
    try {
      await action(parsed.data);
    } catch (error) {
      setFormError(messageOf(error));
    } finally {
      setPending(false);
    }
  }

  return { errors, formError, pending, submit };
}
