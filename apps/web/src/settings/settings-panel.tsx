import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_SIZES } from './settings';
import type { Settings } from './settings';
import { useSettings } from './settings-store';

interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * Display settings, one disclosure in the header of every page, signed in or not: a student
 * who needs bigger text needs it on the sign-in page first. Each change applies at once.
 */
export function SettingsPanel() {
  const [settings, update] = useSettings();
  const { t } = useTranslation('common');
  const sizeId = useId();
  return (
    <details className="settings-panel">
      <summary>{t('settings.summary')}</summary>
      <div className="settings-body stack-sm">
        <p className="hint">{t('settings.remembered')}</p>
        <div className="field">
          <label htmlFor={sizeId}>{t('settings.textSize')}</label>
          <select
            id={sizeId}
            value={settings.textSize}
            onChange={(event) => update({ textSize: Number(event.target.value) })}
          >
            {TEXT_SIZES.map((size) => (
              <option key={size} value={size}>
                {t('settings.textSizeValue', { size })}
              </option>
            ))}
          </select>
        </div>
        <RadioGroup<Settings['contrast']>
          legend={t('settings.contrast')}
          name="contrast"
          value={settings.contrast}
          choices={[
            { value: 'system', label: t('settings.followDevice') },
            { value: 'more', label: t('settings.highContrast') },
          ]}
          onChange={(contrast) => update({ contrast })}
        />
        <RadioGroup<Settings['motion']>
          legend={t('settings.motion')}
          name="motion"
          value={settings.motion}
          choices={[
            { value: 'system', label: t('settings.followDevice') },
            { value: 'reduce', label: t('settings.noAnimations') },
          ]}
          onChange={(motion) => update({ motion })}
        />
        <RadioGroup<Settings['font']>
          legend={t('settings.font')}
          name="font"
          value={settings.font}
          choices={[
            { value: 'standard', label: t('settings.standardFont') },
            { value: 'readable', label: t('settings.readableFont') },
          ]}
          onChange={(font) => update({ font })}
        />
      </div>
    </details>
  );
}

function RadioGroup<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="settings-group">
      <legend>{props.legend}</legend>
      {props.choices.map((choice) => (
        <label key={choice.value} className="settings-choice">
          <input
            type="radio"
            name={`settings-${props.name}`}
            value={choice.value}
            checked={props.value === choice.value}
            onChange={() => props.onChange(choice.value)}
          />{' '}
          {choice.label}
        </label>
      ))}
    </fieldset>
  );
}
