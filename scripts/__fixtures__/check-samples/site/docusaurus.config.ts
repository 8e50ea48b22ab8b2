// Marks the site root for the commands in scripts/.
export default {};
