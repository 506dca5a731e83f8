import { useId } from 'react';
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
  const sizeId = useId();
  return (
    <details className="settings-panel">
      <summary>Display settings</summary>
      <div className="settings-body stack-sm">
        <p className="hint">Remembered on this device.</p>
        <div className="field">
          <label htmlFor={sizeId}>Text size</label>
          <select
            id={sizeId}
            value={settings.textSize}
            onChange={(event) => update({ textSize: Number(event.target.value) })}
          >
            {TEXT_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}%
              </option>
            ))}
          </select>
        </div>
        <RadioGroup<Settings['contrast']>
          legend="Contrast"
          name="contrast"
          value={settings.contrast}
          choices={[
            { value: 'system', label: 'Follow my device' },
            { value: 'more', label: 'High contrast' },
          ]}
          onChange={(contrast) => update({ contrast })}
        />
        <RadioGroup<Settings['motion']>
          legend="Motion"
          name="motion"
          value={settings.motion}
          choices={[
            { value: 'system', label: 'Follow my device' },
            { value: 'reduce', label: 'No animations' },
          ]}
          onChange={(motion) => update({ motion })}
        />
        <RadioGroup<Settings['font']>
          legend="Font"
          name="font"
          value={settings.font}
          choices={[
            { value: 'standard', label: 'Standard' },
            { value: 'readable', label: 'Easier to read (wider spacing)' },
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
