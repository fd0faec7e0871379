import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'

// The domain's schemas are zod/mini's: the same checks as zod's chained API, in functions a
// bundler drops when unused, which keeps the web app's first load small. zod/mini leaves out
// the words of its issues; these are zod's English ones, which the API and the app show.
z.config(en())

export { z }
