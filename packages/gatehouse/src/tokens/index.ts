export { generateRandomToken } from './random-token.ts'
export { sha256Hex, constantTimeEqual } from './digest.ts'
