import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { StudioContext } from './store/context';
import { StudioStore } from './store/studio';
import { Connection, socketUrl } from './protocol/connection';
import { takeTokenFromLocation } from './protocol/token';
import { layeredLayout } from './layout/elk';

const store = new StudioStore({ layout: layeredLayout });
const token = takeTokenFromLocation();
if (token) {
  new Connection(socketUrl(), token, store).start();
} else {
  store.setConnection('notoken');
}
window.addEventListener('beforeunload', (e) => {
  if (store.getState().file.dirty && !store.getState().readonly) e.preventDefault();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioContext.Provider value={store}>
      <App />
    </StudioContext.Provider>
  </StrictMode>,
);
