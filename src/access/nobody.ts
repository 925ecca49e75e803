/** Access that grants nothing, to anyone: for what only the system writes or reads. */
export const nobody = (): false => false
