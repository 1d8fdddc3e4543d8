// Bounds on what a config may be; a config past them is hostile or broken, not big.

/** The deepest config key is 5 levels down (rules.alerts.<Name>.labels.<key>). */
export const MAX_CONFIG_DEPTH = 32;
