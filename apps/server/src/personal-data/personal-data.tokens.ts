/** Injection token of the KeyStore the PersonalDataModule provides. */
export const KEY_STORE = Symbol('KEY_STORE');
