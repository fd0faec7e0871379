import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { ApiProvider } from './api/ApiProvider.tsx'
import { App } from './app/App.tsx'
import { initI18n } from './i18n/i18n.ts'
import './styles/base.css'

const i18n = initI18n()
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ApiProvider>
        <App />
      </ApiProvider>
    </I18nextProvider>
  </StrictMode>,
)
