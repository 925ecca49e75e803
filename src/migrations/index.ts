import * as migration_20261125_120617_initial from './20261125_120617_initial';

export const migrations = [
  {
    up: migration_20261125_120617_initial.up,
    down: migration_20261125_120617_initial.down,
    name: '20261125_120617_initial'
  },
];
