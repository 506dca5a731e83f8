/** socket.io's client, as the web app uses it. */
export { io } from 'socket.io-client';
