export const defaultIdUrl = 'https://id.sophos.com';
export const defaultApiUrl = 'https://api.central.sophos.com';
export const defaultTokenKey = 'SOPHOS_SLS_TOKEN';
