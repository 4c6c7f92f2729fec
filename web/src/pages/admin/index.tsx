// Placeholder while the admin pages are built (issue 14); replaced by them.
export default function Placeholder() {
  return null;
}
