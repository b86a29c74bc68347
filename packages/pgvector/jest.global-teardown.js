'use strict';
module.exports = async () => {
  await globalThis.__twotowerPgCluster?.stop();
};
