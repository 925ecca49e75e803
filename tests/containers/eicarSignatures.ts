/**
 * Writes the EICAR test signatures (a hash and a body signature, as the app's own local clamd
 * uses: src/services/scanner/localClamd.ts) into the folder given, for the stand-in clamd image.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { EICAR } from '@/services/scanner/localClamd'

const dir = process.argv[2] ?? fail()

function fail(): never {
  throw new Error('usage: eicarSignatures.ts <folder>')
}

const md5 = crypto.createHash('md5').update(EICAR).digest('hex')
fs.writeFileSync(path.join(dir, 'aqoon-test.hdb'), `${md5}:${EICAR.length}:Aqoon-Test-EICAR\n`)
fs.writeFileSync(path.join(dir, 'aqoon-test.ndb'), `Aqoon-Test-EICAR-Body:0:*:${Buffer.from('EICAR-STANDARD-ANTIVIRUS-TEST-FILE').toString('hex')}\n`)
